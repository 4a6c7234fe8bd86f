/**
 * Family names for LIMIT-style document ids, from many languages, written in ASCII. Hand-written
 * for this package (see the README's provenance section); names that equal an attribute word
 * (Banks, Finch, Waters, …) are left out.
 *
 * @example
 * SURNAMES.length; // ≥ 1,000
 */
export const SURNAMES: readonly string[] = Object.freeze(
  (
    'Abbott|Acosta|Adair|Adams|Adkins|Aguilar|Ahern|Albright|Alcott|Aldridge|Alvarez|Ambrose|Andersen|Anderson|' +
    'Andrade|Applegate|Archibald|Arellano|Armstrong|Arnold|Ashby|Ashford|Atkins|Atwood|Austin|Avila|Ayala|Babcock|' +
    'Bachmann|Bailey|Bainbridge|Baldwin|Ballard|Bancroft|Barber|Barclay|Barker|Barlow|Barnes|Barnett|Barr|Barrett|' +
    'Barrington|Bartlett|Barton|Bateman|Bates|Baxter|Beasley|Beaumont|Beck|Beckett|Bellamy|Benitez|Bennett|Benson|' +
    'Bentley|Berg|Bergstrom|Bernal|Berry|Bertrand|Bishop|Blackburn|Blackwell|Blair|Blake|Blanchard|Bledsoe|Bloom|' +
    'Blythe|Bolton|Bond|Booker|Boone|Booth|Bosworth|Boudreau|Bowen|Bowman|Boyd|Boyle|Bradford|Bradley|Bradshaw|' +
    'Brady|Bramwell|Branson|Braun|Brennan|Brewer|Briggs|Brinkley|Britton|Brock|Bronson|Brooks|Brower|Bryant|' +
    'Buchanan|Buckley|Bullock|Burgess|Burke|Burnett|Burns|Burton|Bush|Butler|Byrd|Cabrera|Cadwell|Caldwell|Calhoun|' +
    'Callahan|Calloway|Camacho|Cameron|Campbell|Campos|Cannon|Cantrell|Cardenas|Carlisle|Carlson|Carmichael|Carney|' +
    'Carpenter|Carr|Carrillo|Carroll|Carson|Carter|Carver|Castaneda|Castillo|Castro|Caulfield|Chadwick|Chandler|' +
    'Chapman|Chase|Chatterton|Chavez|Cheney|Childers|Christensen|Clancy|Clarke|Clayton|Clements|Clifford|Cobb|' +
    'Coburn|Cochran|Coffey|Coleman|Collier|Collins|Colvin|Compton|Conley|Connolly|Conrad|Conway|Cooke|Cooley|Cooper|' +
    'Copeland|Corbett|Cordova|Cortez|Costello|Coulter|Courtney|Cowan|Craft|Crawford|Crosby|Crowley|Cruz|Cuevas|' +
    'Culpepper|Cummings|Cunningham|Curran|Curtis|Dalton|Daly|Daniels|Darby|Davenport|Davidson|Davies|Dawson|Decker|' +
    'Delacroix|Delaney|Dempsey|Denning|Dennison|Devereaux|Dickens|Dickinson|Dillon|Dixon|Dobbs|Dodson|Donahue|' +
    'Donnelly|Donovan|Dorsey|Doucette|Dougherty|Doyle|Drake|Draper|Driscoll|Duarte|Dudley|Duffy|Dugan|Duncan|Dunlap|' +
    'Dunn|Durant|Durben|Dwyer|Eastman|Eaton|Eckert|Edmonds|Edwards|Ellery|Ellington|Elliott|Ellis|Ellison|Emerson|' +
    'Engel|Ennis|Escobar|Espinoza|Estrada|Evans|Everett|Fairbanks|Fairchild|Farley|Farrell|Faulkner|Fenwick|' +
    'Ferguson|Fernandez|Figueroa|Finnegan|Fitzgerald|Fitzpatrick|Flanagan|Fleming|Fletcher|Flores|Flynn|Foley|' +
    'Forbes|Forsythe|Foster|Fowler|Franklin|Frazier|Freeman|Frost|Fuentes|Fuller|Gallagher|Galloway|Garcia|Gardner|' +
    'Garrett|Garrison|Gates|Gentry|Gibson|Gilbert|Gillespie|Gilmore|Gleason|Glover|Godfrey|Goodwin|Gordon|Gough|' +
    'Graham|Granger|Graves|Greer|Griffith|Grimes|Guerrero|Gutierrez|Guzman|Hadley|Haines|Hale|Halloran|Halverson|' +
    'Hamilton|Hammond|Hampton|Hancock|Hanley|Hansen|Hardin|Harding|Hardy|Harmon|Harper|Harrington|Harris|Hartley|' +
    'Harvey|Hastings|Hathaway|Hawkins|Hayden|Hayes|Haynes|Healy|Henderson|Hendricks|Hensley|Herrera|Hewitt|Hicks|' +
    'Higgins|Hobbs|Hodges|Hoffman|Holbrook|Holcomb|Holland|Holloway|Holmes|Holt|Hooper|Hopkins|Horton|Houghton|' +
    'Howard|Howell|Hubbard|Huffman|Hughes|Humphrey|Huntley|Hurley|Hutchinson|Ibarra|Ingram|Irwin|Jacobs|Jaramillo|' +
    'Jarvis|Jefferson|Jenkins|Jennings|Jensen|Jimenez|Johansson|Johnston|Joyce|Kaufman|Kavanagh|Keating|Keller|' +
    'Kelley|Kendall|Kennedy|Kerr|Kessler|Kilgore|Kimball|Kincaid|Kingsley|Kinney|Kirby|Kirkland|Klein|Knapp|Knowles|' +
    'Koch|Kowalski|Kramer|Lachance|Lafferty|Lambert|Lamont|Landry|Lane|Langley|Larkin|Larsen|Lawson|Leblanc|' +
    'Lindqvist|Lindsey|Livingston|Lockhart|Logan|Lombardi|Longfellow|Lopez|Lovell|Lowe|Lowell|Lucero|Lynch|' +
    'Macdonald|Mackenzie|Maddox|Madsen|Maguire|Mahoney|Maldonado|Malone|Maloney|Manning|Marquez|Martinez|Massey|' +
    'Mathis|Maxwell|Maynard|Mccarthy|Mcclain|Mcdaniel|Mcgee|Mcintyre|Mckenzie|Mclaughlin|Mcmillan|Mejia|Melendez|' +
    'Mercer|Merrick|Merritt|Meyer|Middleton|Milburn|Molina|Monroe|Montague|Montgomery|Moody|Morales|Moran|Moreno|' +
    'Morrison|Morrow|Mortimer|Mosley|Mueller|Mulligan|Munoz|Murphy|Murray|Navarro|Nelson|Newman|Newton|Nichols|' +
    'Nicholson|Noble|Nolan|Norris|Norton|Novak|Nunez|Oakley|Obrien|Ochoa|Oconnor|Odell|Oliver|Olsen|Oneal|Orozco|' +
    'Ortega|Osborne|Oswald|Owens|Pacheco|Padilla|Palmer|Parrish|Parsons|Patterson|Paxton|Payne|Pearson|Pena|' +
    'Pendleton|Perkins|Perry|Peterson|Pham|Phelps|Phillips|Pierce|Pittman|Poole|Potter|Pratt|Prescott|Preston|Price|' +
    'Prichard|Pritchett|Proctor|Pruitt|Pugh|Quinn|Quintero|Radcliffe|Ramirez|Ramos|Ramsey|Randall|Rasmussen|Ratliff|' +
    'Rawlings|Raymond|Redding|Reeves|Reilly|Reyes|Reynolds|Rhodes|Richards|Richardson|Riggs|Riley|Rios|Rivera|' +
    'Roberts|Robertson|Robinson|Rocha|Rodgers|Rodriguez|Rogers|Rollins|Roman|Romero|Rosario|Ross|Rowland|Ruiz|' +
    'Rutherford|Ryan|Salazar|Salinas|Sampson|Sanchez|Sandoval|Santana|Santiago|Santos|Sargent|Saunders|Savage|' +
    'Sawyer|Schaefer|Schmidt|Schneider|Schroeder|Schultz|Schwartz|Scott|Sellers|Serrano|Sexton|Shannon|Sharpe|Shaw|' +
    'Shelton|Shepherd|Sheridan|Sherwood|Shields|Simmons|Simpson|Sinclair|Slater|Sloan|Small|Snyder|Solis|Sommers|' +
    'Sorensen|Soto|Spalding|Spears|Spencer|Stafford|Stanley|Stanton|Steele|Stephens|Stevenson|Stewart|Stokes|Stone|' +
    'Stratton|Strickland|Stuart|Sullivan|Summers|Sutherland|Sutton|Swanson|Sweeney|Talbot|Tanner|Tate|Taylor|' +
    'Terrell|Thackeray|Thatcher|Thompson|Thornton|Thorpe|Tierney|Todd|Torres|Townsend|Tran|Travers|Trevino|Tucker|' +
    'Turner|Tyler|Underwood|Valdez|Valencia|Vance|Vargas|Vaughan|Vazquez|Velasquez|Vickers|Villanueva|Vincent|Wade|' +
    'Waldron|Walker|Wallace|Walsh|Walton|Ward|Warner|Warren|Washburn|Watkins|Watson|Webb|Webster|Weiss|Welch|' +
    'Wellington|Wentworth|Westbrook|Wheeler|Whitaker|Whitfield|Whitley|Whitman|Whitney|Wilcox|Wilder|Wilkerson|' +
    'Wilkins|Willoughby|Winslow|Winters|Wolcott|Woodward|Wooten|Worthington|Wright|Wyatt|Yates|Yeager|York|Young|' +
    'Zamora|Zimmerman|Abernathy|Achterberg|Albrecht|Alderman|Almeida|Amsel|Andersson|Antonelli|Aoki|Arbuckle|Arce|' +
    'Arkwright|Asher|Ashworth|Aucoin|Bachelor|Baez|Bakshi|Banerjee|Barbosa|Bardsley|Barlowe|Bauer|Baumann|Becerra|' +
    'Belmont|Beltran|Benedetti|Bergeron|Berkowitz|Bertolini|Bhatt|Bianchi|Blomqvist|Bonnet|Borges|Bosch|Botha|' +
    'Bouchard|Brandt|Brannigan|Bravo|Brightwell|Brodeur|Bruno|Buckner|Bustamante|Cabral|Caccia|Calderon|Caputo|' +
    'Carvalho|Castellanos|Cavanaugh|Chaudhry|Chen|Chowdhury|Cicero|Colombo|Conti|Coppola|Cordero|Costa|Cuthbert|' +
    'Dabrowski|Dasgupta|Delgado|Demir|Desai|Devlin|Dimitrov|Dominguez|Dubois|Dumont|Eriksson|Esposito|Falk|Farouk|' +
    'Fassbender|Ferrari|Ferreira|Fischer|Fontaine|Forsberg|Fournier|Francois|Friedman|Fujimoto|Galvez|Gauthier|' +
    'Gerhardt|Giordano|Goldberg|Gomes|Gonzaga|Greco|Gunnarsson|Gupta|Haas|Hakimi|Halvorsen|Hashimoto|Hedlund|Heller|' +
    'Herzog|Hirano|Holm|Horvath|Hosseini|Huang|Huber|Hussain|Ivanov|Iyer|Jankowski|Jovanovic|Kahn|Kapoor|Karlsson|' +
    'Kato|Kawasaki|Khalil|Khan|Kimura|Kobayashi|Kovacs|Krause|Kruger|Kumar|Lachlan|Lambrecht|Larsson|Laurent|' +
    'Lefebvre|Lehmann|Leone|Lindberg|Lindgren|Lorenz|Lucas|Lund|Lundqvist|Macedo|Machado|Mahajan|Malhotra|Mancini|' +
    'Marchetti|Marino|Martel|Matsuda|Mazur|Mehta|Mendes|Mercier|Messina|Mikkelsen|Miranda|Mishra|Mitra|Molnar|' +
    'Moreau|Morelli|Mori|Nakamura|Nair|Navarre|Neumann|Nguyen|Nielsen|Nilsson|Nowak|Nyberg|Ogawa|Okafor|Okonkwo|' +
    'Oliveira|Olsson|Oyelaran|Ozturk|Pagano|Papadopoulos|Patel|Pellegrini|Pereira|Petrov|Pettersson|Pichler|Popescu|' +
    'Quintana|Rahman|Rao|Reddy|Reinhardt|Ricci|Richter|Rinaldi|Rizzo|Rossi|Rousseau|Russo|Saito|Sakamoto|Salvatore|' +
    'Santoro|Sato|Schubert|Schuster|Sekiguchi|Shah|Sharma|Shimizu|Silva|Sokolov|Sousa|Steiner|Strand|Suarez|Suzuki|' +
    'Svensson|Szabo|Takahashi|Tanaka|Tavares|Thakur|Toivonen|Tomasi|Trujillo|Ueda|Vasquez|Verma|Vidal|Vogel|Volkov|' +
    'Wagner|Watanabe|Weber|Werner|Wozniak|Yamada|Yamamoto|Yilmaz|Yoshida|Zhang|Zielinski|Zuniga|Aldana|Alfaro|' +
    'Amador|Anaya|Aranda|Arroyo|Barajas|Barrera|Bautista|Bermudez|Briones|Calvillo|Camarena|Carranza|Cervantes|' +
    'Cisneros|Contreras|Corona|Echeverria|Enriquez|Escamilla|Esquivel|Galindo|Gallegos|Granados|Guevara|Hurtado|' +
    'Iglesias|Lozano|Luna|Macias|Magana|Mata|Montoya|Moya|Murillo|Najera|Olvera|Orellana|Palacios|Paredes|Pineda|' +
    'Quezada|Rangel|Renteria|Rosales|Saavedra|Sepulveda|Tapia|Trejo|Ulloa|Urbina|Valadez|Valenzuela|Vega|Velazquez|' +
    'Villalobos|Zavala|Abrams|Akers|Alston|Arledge|Atherton|Aycock|Bagwell|Barksdale|Beauchamp|Bixby|Blankenship|' +
    'Boggs|Brantley|Breckenridge|Buckingham|Burleson|Cartwright|Chesterfield|Claiborne|Coggins|Crenshaw|Crockett|' +
    'Dabney|Darnell|Delano|Dinwiddie|Dunbar|Eggleston|Fairweather|Faraday|Fitzwilliam|Frobisher|Gainsborough|' +
    'Garfield|Goodridge|Gresham|Hargrove|Hartwell|Hawthorne|Hemingway|Higginbotham|Hollister|Honeycutt|Huxley|' +
    'Ingersoll|Kensington|Kettering|Lancaster|Langford|Lockwood|Ludlow|Lyndhurst|Marlowe|Merriweather|Northcott|' +
    'Ogletree|Pemberton|Pennington|Penrose|Quimby|Rainsford|Rockwell|Rothwell|Satterfield|Sedgwick|Shackleton|' +
    'Southwick|Standish|Stillwell|Tennyson|Thistlewood|Trowbridge|Tuttle|Upton|Vandermeer|Wadsworth|Wakefield|' +
    'Wetherby|Whitcombe|Whittaker|Winthrop|Woodhouse|Wycliffe|Yardley'
  ).split('|'),
);
